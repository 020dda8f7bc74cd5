/*
 * Linked into the WASI guests in place of wasi-libc's fcntl().
 *
 * musl's fopen() references fcntl(F_SETFL, O_APPEND) for "a" modes, which
 * drags in the wasi_snapshot_preview1.fd_fdstat_set_flags import even though
 * the guests never open files for appending. The node's WASI subset does not
 * provide fd_fdstat_set_flags, so this replacement keeps the import list
 * inside that subset: F_GETFD/F_GETFL are answered from fd_fdstat_get, every
 * other command fails with ENOTSUP.
 */
#include <errno.h>
#include <fcntl.h>
#include <wasi/api.h>

int fcntl(int fd, int cmd, ...) {
  if (cmd == F_GETFD) {
    return 0;
  }
  if (cmd == F_GETFL) {
    __wasi_fdstat_t st;
    __wasi_errno_t err = __wasi_fd_fdstat_get((__wasi_fd_t)fd, &st);
    if (err != 0) {
      errno = err;
      return -1;
    }
    int flags = st.fs_flags;
    if ((st.fs_rights_base & __WASI_RIGHTS_FD_READ) && (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE)) {
      flags |= O_RDWR;
    } else if (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE) {
      flags |= O_WRONLY;
    } else {
      flags |= O_RDONLY;
    }
    return flags;
  }
  errno = ENOTSUP;
  return -1;
}
