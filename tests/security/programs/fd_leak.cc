// Attack: use a descriptor the supervisor leaked (a listening socket, a host file or directory
// opened without O_CLOEXEC, another box's pipe): list /proc/self/fd and report anything beyond
// 0, 1 and 2.
// Expected: RE with exit code 1 (nothing leaked). Exit 0, with the leaked descriptors on stdout,
// if anything else is open.
#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 2;
  int own = dirfd(dir);
  bool leaked = false;
  for (dirent* e; (e = readdir(dir)) != nullptr;) {
    if (e->d_name[0] == '.') continue;
    int fd = std::atoi(e->d_name);
    if (fd <= 2 || fd == own) continue;
    char target[512] = {};
    std::string link = std::string("/proc/self/fd/") + e->d_name;
    ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    std::printf("leaked fd %d -> %s\n", fd, n > 0 ? target : "?");
    leaked = true;
  }
  closedir(dir);
  return leaked ? 0 : 1;
}
