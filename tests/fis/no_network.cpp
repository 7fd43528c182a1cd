// Runs a program with sockets forbidden, to prove that it opens none: the child installs a seccomp filter that
// kills the process at its first socket(), socketpair() or io_uring_setup() (every way to get a socket descriptor,
// without which nothing can be connected, sent or received), then execs the program. The filter is inherited
// across exec and by every child, needs no privilege (PR_SET_NO_NEW_PRIVS) and no tracer.
//
// Usage: no_network PROGRAM [ARGS...]. Exits with the program's status; when the filter killed it, prints
// "opened a socket" and exits 1.

#include <csignal>
#include <cstddef>
#include <cstdio>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define DRSIM_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define DRSIM_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "no_network: add this architecture's AUDIT_ARCH"
#endif

namespace {

bool forbid_sockets() {
  sock_filter filter[] = {
      // A call made in another architecture's convention would bypass the numbers below: refuse it.
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, DRSIM_AUDIT_ARCH, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 3, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socketpair, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: no_network PROGRAM [ARGS...]\n");
    return 2;
  }
  const pid_t child = fork();
  if (child < 0) {
    std::perror("no_network: fork");
    return 2;
  }
  if (child == 0) {
    if (!forbid_sockets()) {
      std::perror("no_network: seccomp");
      _exit(2);
    }
    execvp(argv[1], argv + 1);
    std::perror("no_network: exec");
    _exit(2);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child) {
    std::perror("no_network: waitpid");
    return 2;
  }
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) {
    std::printf("no_network: %s opened a socket (killed by the seccomp filter)\n", argv[1]);
    return 1;
  }
  if (WIFSIGNALED(status)) {
    std::printf("no_network: %s died of signal %d\n", argv[1], WTERMSIG(status));
    return 1;
  }
  return WEXITSTATUS(status);
}
