// Starts threads.
//   spawn_threads N sleep      N threads that sleep 200 ms, joined
//   spawn_threads N spin       N threads that spin until killed
//   spawn_threads N work MS    N threads that each burn MS ms of their own cpu time, joined
// Exit 3 (errno on stderr) when a thread cannot be created.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long work_ms;

static long long ThreadCpuNs(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void Spin(long long until_ns) {
  unsigned long long x = 1;
  while (until_ns < 0 || ThreadCpuNs() < until_ns) {
    for (int i = 0; i < 10000; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      __asm__ volatile("" : "+r"(x));
    }
  }
}

static void* Sleeper(void* arg) {
  (void)arg;
  usleep(200000);
  return NULL;
}
static void* Spinner(void* arg) {
  (void)arg;
  Spin(-1);
  return NULL;
}
static void* Worker(void* arg) {
  (void)arg;
  Spin(work_ms * 1000000LL);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  int n = atoi(argv[1]);
  void* (*body)(void*) = NULL;
  if (strcmp(argv[2], "sleep") == 0) body = Sleeper;
  if (strcmp(argv[2], "spin") == 0) body = Spinner;
  if (strcmp(argv[2], "work") == 0 && argc > 3) {
    body = Worker;
    work_ms = atoll(argv[3]);
  }
  if (body == NULL || n < 1 || n > 1024) return 2;
  pthread_t threads[1024];
  for (int i = 0; i < n; ++i) {
    int error = pthread_create(&threads[i], NULL, body, NULL);
    if (error != 0) {
      fprintf(stderr, "thread %d failed: %s\n", i + 1, strerror(error));
      return 3;
    }
  }
  for (int i = 0; i < n; ++i) pthread_join(threads[i], NULL);
  return 0;
}
