// The optional parts of the backend, each behind a capability: the porting tool rewrites this
// file to enable only what the mini-program's code uses (the node refuses to install a module
// that imports a function of a capability its manifest does not request). Here: all of them.
import { Router } from "../sdk";
import * as owner from "./owner";
import * as tmp from "./tmp";

export function enable(router: Router): void {
  owner.enable(router); // files.read: chooseImage, chooseMedia
  tmp.enable(router); // storage.files: downloadFile
}
