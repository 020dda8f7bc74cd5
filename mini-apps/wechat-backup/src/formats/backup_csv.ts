// This app's own export (GET /chats/:id/export.csv), so an export can be imported again:
//   Time,Sender,IsSender,Type,Text,Media
import { JsonValue } from "../../sdk";
import { Msg, validType } from "../model";
import { Ctx } from "../parse";
import { parseDateTime, unguard } from "../util";
import { Columns, CsvRows } from "./csv";

export const BACKUP_HEADER = "Time,Sender,IsSender,Type,Text,Media";

export class BackupRows extends CsvRows {
  cols: Columns = new Columns([]);

  header(f: string[]): string {
    this.cols = new Columns(f);
    return f.join(",") == BACKUP_HEADER ? "" : "not a WeChat Backup CSV: the header must be " + BACKUP_HEADER;
  }

  row(ctx: Ctx, f: string[], line: i32, s: i32, e: i32): void {
    if (f.length != 6) {
      ctx.problem(line, "expected 6 fields, found " + f.length.toString() + "; row skipped", s, e);
      return;
    }
    const m = new Msg();
    m.time = parseDateTime(f[0]);
    if (m.time < 0) {
      ctx.problem(line, "bad timestamp; row skipped", s, e);
      return;
    }
    m.sender = unguard(f[1]);
    m.isSender = f[2] == "1";
    m.type = f[3];
    if (!validType(m.type)) {
      ctx.problem(line, "unknown message type '" + f[3] + "'; kept as other", s, e);
      m.type = "other";
    }
    m.text = unguard(f[4]);
    m.media = unguard(f[5]);
    if (m.isSender) ctx.learnMe(m.sender);
    ctx.add(m);
  }

  save(state: JsonValue): void {}
  load(state: JsonValue): void {}
}
