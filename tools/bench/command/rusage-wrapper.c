/*
 * Runs one command and reports its resource usage as JSON on file descriptor 3 (same protocol as
 * rusage-wrapper.py, which is the fallback when no C compiler is available). Node 20 cannot read a child's
 * rusage, so tunechat runs the child under this wrapper, compiled once on first use. posix_spawnp (glibc:
 * clone with CLONE_VM|CLONE_VFORK, so the wrapper's own small memory barely shows in the child's peak RSS)
 * and wait4 give user/system CPU time (µs) and peak RSS (ru_maxrss, KiB) of the child and of every descendant
 * it waited for; wall time is CLOCK_MONOTONIC around spawn → reap. fd 3 is closed in the child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static void json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', out);
    if ((unsigned char)*s >= 0x20) fputc(*s, out);
  }
  fputc('"', out);
}

int main(int argc, char **argv) {
  FILE *out = fdopen(3, "w");
  if (argc < 2 || out == NULL) return 2;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, 3);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[1], &actions, NULL, argv + 1, environ);
  if (rc != 0) {
    fputs("{\"spawn_error\":", out);
    char message[512];
    snprintf(message, sizeof message, "%s: %s", argv[1], strerror(rc));
    json_string(out, message);
    fputs("}", out);
    fclose(out);
    return 127;
  }
  int status = 0;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {}
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long wall = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  long long user = (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec;
  long long sys = (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec;
  fprintf(out, "{\"wall_ns\":%lld,\"user_us\":%lld,\"system_us\":%lld,\"max_rss_kb\":%ld,", wall, user, sys, usage.ru_maxrss);
  if (WIFEXITED(status)) fprintf(out, "\"exit_code\":%d,\"signal\":null}", WEXITSTATUS(status));
  else fprintf(out, "\"exit_code\":null,\"signal\":%d}", WTERMSIG(status));
  fclose(out);
  return 0;
}
