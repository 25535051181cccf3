// Attack: hand the forbidden work to another program: execve bash, which opens a TCP connection
// through its /dev/tcp redirection (socket + connect), to the host's listener on argv[1].
// Expected: the filter survives execve and applies to bash: SV "socket", or RE with exit code 1
// and bash's "socket: Permission denied" (EACCES for the families runtimes probe). Exit 0 if bash
// connected (bash's exit status), 1 if not; 2 if bash could not be executed.
#include <stdio.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  execl("/bin/bash", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/$0 && exit 0; exit 1", argv[1],
        (char*)NULL);
  perror("execl /bin/bash");
  return 2;
}
