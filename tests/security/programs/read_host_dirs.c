// Attack: list host directories that hold other people's data: /root, /home, the judge's own
// state (/run/judge-sandbox), the judge's source tree (/work), /var/lib, /srv.
// Expected: RE with exit code 1: none of them is mounted in the box. Exit 0 if any could be listed.
#include <dirent.h>
#include <stdio.h>

int main(void) {
  const char* targets[] = {
      "/root",  "/home", "/run/judge-sandbox", "/run", "/work", "/var/lib", "/srv", "/mnt",
      "/media", "/opt"};
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; ++i) {
    DIR* d = opendir(targets[i]);
    if (d == NULL) continue;
    int entries = 0;
    for (struct dirent* e; (e = readdir(d)) != NULL;) {
      if (e->d_name[0] != '.') ++entries;
    }
    closedir(d);
    if (entries > 0) {
      printf("listed %d entries of %s\n", entries, targets[i]);
      return 0;
    }
  }
  return 1;
}
