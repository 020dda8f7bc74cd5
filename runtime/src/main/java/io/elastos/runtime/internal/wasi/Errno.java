// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasi;

/** The WASI preview 1 errno values the host returns. */
final class Errno {
    static final int SUCCESS = 0;
    static final int ACCES = 2;
    static final int BADF = 8;
    static final int EXIST = 20;
    static final int FBIG = 22;
    static final int INVAL = 28;
    static final int IO = 29;
    static final int ISDIR = 31;
    static final int NOENT = 44;
    static final int NFILE = 41;
    static final int NOSPC = 51;
    static final int NOSYS = 52;
    static final int NOTDIR = 54;
    static final int NOTEMPTY = 55;
    static final int NOTSUP = 58;
    static final int PERM = 63;
    static final int SPIPE = 70;
    static final int NOTCAPABLE = 76;

    private Errno() {}
}
