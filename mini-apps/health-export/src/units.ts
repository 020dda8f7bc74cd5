// Units the Health app writes, as factors to km, kcal, minutes and beats per minute; NaN for a
// unit we do not know (the record is then skipped as a problem rather than guessed).
import { eq, Lit } from "./bytes";

const U_KM = new Lit("km");
const U_M = new Lit("m");
const U_MI = new Lit("mi");
const U_FT = new Lit("ft");
const U_YD = new Lit("yd");
const U_CM = new Lit("cm");
const U_KCAL = new Lit("kcal");
const U_CAL_BIG = new Lit("Cal");
const U_KJ = new Lit("kJ");
const U_CAL = new Lit("cal");
const U_J = new Lit("J");
const U_MIN = new Lit("min");
const U_S = new Lit("s");
const U_H = new Lit("h");
const U_HR = new Lit("hr");
const U_MS = new Lit("ms");
const U_BPM = new Lit("count/min");
const U_BPS = new Lit("count/s");

export function toKm(p: usize, n: i32): f64 {
  if (eq(p, n, U_KM)) return 1;
  if (eq(p, n, U_M)) return 0.001;
  if (eq(p, n, U_MI)) return 1.609344;
  if (eq(p, n, U_FT)) return 0.0003048;
  if (eq(p, n, U_YD)) return 0.0009144;
  if (eq(p, n, U_CM)) return 0.00001;
  return NaN;
}

export function toKcal(p: usize, n: i32): f64 {
  if (eq(p, n, U_KCAL) || eq(p, n, U_CAL_BIG)) return 1;
  if (eq(p, n, U_KJ)) return 1 / 4.184;
  if (eq(p, n, U_CAL)) return 0.001;
  if (eq(p, n, U_J)) return 1 / 4184.0;
  return NaN;
}

export function toMinutes(p: usize, n: i32): f64 {
  if (eq(p, n, U_MIN)) return 1;
  if (eq(p, n, U_S)) return 1 / 60.0;
  if (eq(p, n, U_H) || eq(p, n, U_HR)) return 60;
  if (eq(p, n, U_MS)) return 1 / 60000.0;
  return NaN;
}

/** Heart rate units: count/min, or count/s. */
export function toBpm(p: usize, n: i32): f64 {
  if (eq(p, n, U_BPM)) return 1;
  if (eq(p, n, U_BPS)) return 60;
  return NaN;
}
