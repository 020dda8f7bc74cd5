// Compact binary forms of the aggregates (between steps) and of the per-day result (after the
// import). Numbers are stored as exact f64 bits, so an import in many steps sums exactly as one
// in a single step; rows and hours without data take no space.
import { Agg, DayResult, DayRow, HourRow, Names, WorkRow, WorkSum } from "./agg";
import { blockLength, fromBlock, toBlock } from "./io";

const AGG_MAGIC: u32 = 0x32415848; // "HXA2"
const RESULT_MAGIC: u32 = 0x31525848; // "HXR1"

const WINDOW: i32 = 64 << 10;

/**
 * Writes a value straight into a kernel block through a 64 KiB window, so a state of many MiB
 * never sits in the app's memory. A counting Writer (block 0) only measures: values are written
 * twice, once to learn the size, once into a block of that size.
 */
export class Writer {
  /** Bytes written so far. */
  n: i32 = 0;
  win: Uint8Array = new Uint8Array(WINDOW);
  w: i32 = 0;
  flushed: i32 = 0;

  constructor(public block: u64) {}

  room(k: i32): void {
    if (this.w + k > WINDOW) this.flush();
  }

  flush(): void {
    if (this.block != 0 && this.w > 0) toBlock(this.block, this.flushed, this.win.dataStart, this.w);
    this.flushed += this.w;
    this.w = 0;
  }

  u8(v: i32): void {
    this.room(1);
    store<u8>(this.win.dataStart + <usize>this.w, <u8>v);
    this.w += 1;
    this.n += 1;
  }

  u32(v: u32): void {
    this.room(4);
    store<u32>(this.win.dataStart + <usize>this.w, v);
    this.w += 4;
    this.n += 4;
  }

  varint(v: u64): void {
    while (v >= 0x80) {
      this.u8(<i32>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    this.u8(<i32>v);
  }

  f64(v: f64): void {
    this.room(8);
    store<f64>(this.win.dataStart + <usize>this.w, v);
    this.w += 8;
    this.n += 8;
  }

  str(s: string): void {
    const b = String.UTF8.encode(s);
    const len = b.byteLength;
    this.varint(<u64>len);
    let at = 0;
    while (at < len) {
      if (this.w == WINDOW) this.flush();
      const k = min(len - at, WINDOW - this.w);
      memory.copy(this.win.dataStart + <usize>this.w, changetype<usize>(b) + <usize>at, <usize>k);
      this.w += k;
      this.n += k;
      at += k;
    }
  }
}

/** Reads what a Writer wrote from a kernel block, through a window; an overrun sets ok to false and yields zeros. */
export class Reader {
  pos: i32 = 0;
  ok: bool = true;
  len: i32;
  win: Uint8Array = new Uint8Array(WINDOW);
  winAt: i32 = 0;
  winLen: i32 = 0;

  constructor(public block: u64) {
    this.len = blockLength(block);
  }

  // Makes k (at most WINDOW) bytes from pos readable at ptr().
  has(k: i32): bool {
    if (k < 0 || k > WINDOW || this.pos + k > this.len) this.ok = false;
    if (!this.ok) return false;
    if (this.pos + k > this.winAt + this.winLen) {
      this.winAt = this.pos;
      this.winLen = min(WINDOW, this.len - this.pos);
      fromBlock(this.block, this.winAt, this.win.dataStart, this.winLen);
    }
    return true;
  }

  @inline ptr(): usize {
    return this.win.dataStart + <usize>(this.pos - this.winAt);
  }

  u8(): i32 {
    if (!this.has(1)) return 0;
    const v = <i32>load<u8>(this.ptr());
    this.pos += 1;
    return v;
  }

  u32(): u32 {
    if (!this.has(4)) return 0;
    const v = load<u32>(this.ptr());
    this.pos += 4;
    return v;
  }

  varint(): u64 {
    let v: u64 = 0;
    let shift: u64 = 0;
    while (this.ok && shift < 64) {
      const c = <u64>this.u8();
      v |= (c & 0x7f) << shift;
      if (c < 0x80) return v;
      shift += 7;
    }
    this.ok = false;
    return 0;
  }

  /** A count, refused (ok = false) above max. */
  count(max: i32): i32 {
    const v = this.varint();
    if (v > <u64>max) {
      this.ok = false;
      return 0;
    }
    return <i32>v;
  }

  f64(): f64 {
    if (!this.has(8)) return 0;
    const v = load<f64>(this.ptr());
    this.pos += 8;
    return v;
  }

  str(): string {
    const n = this.count(WINDOW);
    if (!this.has(n)) return "";
    const s = String.UTF8.decodeUnsafe(this.ptr(), <usize>n);
    this.pos += n;
    return s;
  }
}

function writeNames(w: Writer, t: Names): void {
  w.varint(<u64>t.names.length);
  for (let i = 0; i < t.names.length; i++) {
    w.str(t.names[i]);
    w.f64(t.counts[i]);
    w.varint(<u64>t.tags[i]);
  }
}

function readNames(r: Reader, t: Names): void {
  const n = r.count(100000);
  for (let i = 0; i < n && r.ok; i++) {
    const name = r.str();
    const count = r.f64();
    const tag = <i32>r.count(1000);
    const id = t.id(name, tag);
    if (id >= 0) t.counts[id] = count;
  }
}

export function writeAgg(w: Writer, a: Agg): void {
  w.u32(AGG_MAGIC);
  w.f64(a.records);
  w.f64(a.skipped);
  w.f64(a.unknownRecords);
  w.f64(a.otherElements);
  w.f64(a.badValues);
  w.f64(a.overflow);
  w.str(a.exportDate);
  writeNames(w, a.types);
  writeNames(w, a.sources);
  writeNames(w, a.workTypes);
  const hours = a.hours.values();
  w.varint(<u64>hours.length);
  for (let i = 0; i < hours.length; i++) {
    const r = hours[i];
    w.varint(<u64>r.key);
    let present = 0;
    for (let h = 0; h < 24; h++) if (r.mask[h] != 0) present |= 1 << h;
    w.varint(<u64>present);
    for (let h = 0; h < 24; h++) {
      const m = <i32>r.mask[h];
      if (m == 0) continue;
      w.u8(m);
      for (let c = 0; c < 3; c++) if ((m & (1 << c)) != 0) w.f64(r.v[h * 3 + c]);
    }
  }
  const days = a.days.values();
  w.varint(<u64>days.length);
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    w.varint(<u64>d.day);
    const flags = (d.hrCount > 0 ? 1 : 0) | (d.restCount > 0 ? 2 : 0);
    w.u8(flags);
    if (d.hrCount > 0) {
      w.f64(d.hrMin);
      w.f64(d.hrMax);
      w.f64(d.hrSum);
      w.f64(d.hrCount);
    }
    if (d.restCount > 0) {
      w.f64(d.restSum);
      w.f64(d.restCount);
    }
  }
  const works = a.works.values();
  w.varint(<u64>works.length);
  for (let i = 0; i < works.length; i++) {
    const r = works[i];
    w.varint(<u64>r.key);
    w.f64(r.count);
    w.f64(r.minutes);
    w.f64(r.km);
    w.f64(r.kcal);
  }
}

/** The aggregates from their stored form, or null if it is not one. */
export function readAgg(r: Reader): Agg | null {
  if (r.u32() != AGG_MAGIC) return null;
  const a = new Agg();
  a.records = r.f64();
  a.skipped = r.f64();
  a.unknownRecords = r.f64();
  a.otherElements = r.f64();
  a.badValues = r.f64();
  a.overflow = r.f64();
  a.exportDate = r.str();
  readNames(r, a.types);
  readNames(r, a.sources);
  readNames(r, a.workTypes);
  const nh = r.count(1 << 24);
  for (let i = 0; i < nh && r.ok; i++) {
    const row = new HourRow(<u32>r.varint());
    const present = <i32>r.varint();
    for (let h = 0; h < 24; h++) {
      if ((present & (1 << h)) == 0) continue;
      const m = r.u8() & 7;
      row.mask[h] = <u8>m;
      for (let c = 0; c < 3; c++) if ((m & (1 << c)) != 0) row.v[h * 3 + c] = r.f64();
    }
    a.hours.set(row.key, row);
  }
  const nd = r.count(1 << 24);
  for (let i = 0; i < nd && r.ok; i++) {
    const d = new DayRow(<i32>r.count(65535));
    const flags = r.u8();
    if ((flags & 1) != 0) {
      d.hrMin = r.f64();
      d.hrMax = r.f64();
      d.hrSum = r.f64();
      d.hrCount = r.f64();
    }
    if ((flags & 2) != 0) {
      d.restSum = r.f64();
      d.restCount = r.f64();
    }
    a.days.set(d.day, d);
  }
  const nw = r.count(1 << 24);
  for (let i = 0; i < nw && r.ok; i++) {
    const w = new WorkRow(<u32>r.varint());
    w.count = r.f64();
    w.minutes = r.f64();
    w.km = r.f64();
    w.kcal = r.f64();
    a.works.set(w.key, w);
  }
  return r.ok ? a : null;
}

export function writeResult(w: Writer, days: DayResult[]): void {
  w.u32(RESULT_MAGIC);
  w.varint(<u64>days.length);
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    w.varint(<u64>d.day);
    w.f64(d.steps);
    w.f64(d.km);
    w.f64(d.kcal);
    w.f64(d.hrMin);
    w.f64(d.hrAvg);
    w.f64(d.hrMax);
    w.f64(d.hrCount);
    w.f64(d.rest);
    w.f64(d.sleep);
    w.varint(<u64>d.works.length);
    for (let j = 0; j < d.works.length; j++) {
      const s = d.works[j];
      w.str(s.name);
      w.f64(s.count);
      w.f64(s.minutes);
      w.f64(s.km);
      w.f64(s.kcal);
    }
  }
}

/** The days of the result between from and to (day numbers, inclusive); null if corrupt. */
export function readResult(r: Reader, from: i32, to: i32): DayResult[] | null {
  if (r.u32() != RESULT_MAGIC) return null;
  const n = r.count(1 << 20);
  const out = new Array<DayResult>();
  for (let i = 0; i < n && r.ok; i++) {
    const d = new DayResult(<i32>r.count(65535));
    d.steps = r.f64();
    d.km = r.f64();
    d.kcal = r.f64();
    d.hrMin = r.f64();
    d.hrAvg = r.f64();
    d.hrMax = r.f64();
    d.hrCount = r.f64();
    d.rest = r.f64();
    d.sleep = r.f64();
    const nw = r.count(512);
    for (let j = 0; j < nw && r.ok; j++) {
      const s = new WorkSum(r.str());
      s.count = r.f64();
      s.minutes = r.f64();
      s.km = r.f64();
      s.kcal = r.f64();
      d.works.push(s);
    }
    if (d.day >= from && d.day <= to) out.push(d);
  }
  return r.ok ? out : null;
}
