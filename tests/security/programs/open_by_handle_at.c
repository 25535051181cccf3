// Attack: "Shocker" (the 2014 Docker escape): open_by_handle_at(2) with a forged handle for inode 2
// (the root directory of the filesystem behind the mount) to open a host directory that the mount
// tree hides.
// Expected: SV "open_by_handle_at". Exit 0 if a descriptor was obtained.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  int mount_fd = open("/usr", O_RDONLY | O_DIRECTORY);
  if (mount_fd < 0) return 2;
  struct file_handle* h = malloc(sizeof(struct file_handle) + 8);
  h->handle_bytes = 8;
  h->handle_type = 1;  // FILEID_INO32_GEN
  unsigned int ino_gen[2] = {2, 0};
  memcpy(h->f_handle, ino_gen, sizeof ino_gen);
  return open_by_handle_at(mount_fd, h, O_RDONLY) >= 0 ? 0 : 1;
}
