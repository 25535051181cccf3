// Attack: share memory between two boxes (or with a later run) through System V IPC and POSIX
// message queues, with a fixed key: box A ("create") publishes a secret and waits; box B ("find"),
// running at the same time, looks for it for 1.5 s.
// Expected: "create": OK (creating IPC objects in its own namespace is allowed);
// "find": RE with exit code 1: every run has a private IPC namespace, so the key is not there.
// "find" exits 0 if it found the secret. The test also checks that the host's IPC namespace never
// sees the key.
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#define KEY 0x4a554447  // "JUDG"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (strcmp(argv[1], "create") == 0) {
    int id = shmget(KEY, 4096, IPC_CREAT | 0666);
    if (id < 0) return 2;
    char* p = shmat(id, NULL, 0);
    if (p == (void*)-1) return 2;
    strcpy(p, "box A's secret");
    struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 32};
    mqd_t q = mq_open("/judge-hostile", O_CREAT | O_RDWR, 0666, &attr);
    if (q != (mqd_t)-1) mq_send(q, "secret", 6, 0);
    printf("published\n");
    fflush(stdout);
    usleep(2000 * 1000);
    return 0;
  }
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  do {
    int id = shmget(KEY, 0, 0);
    if (id >= 0) {
      char* p = shmat(id, NULL, SHM_RDONLY);
      printf("found shm segment: %s\n", p == (void*)-1 ? "(not attachable)" : p);
      return 0;
    }
    mqd_t q = mq_open("/judge-hostile", O_RDONLY);
    if (q != (mqd_t)-1) {
      printf("found message queue\n");
      return 0;
    }
    if (access("/dev/shm/judge-hostile", F_OK) == 0) {
      printf("found /dev/shm entry\n");
      return 0;
    }
    usleep(20 * 1000);
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < 1500);
  return 1;
}
