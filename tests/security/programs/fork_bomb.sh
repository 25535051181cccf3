#!/bin/bash
# Attack: the shell fork bomb, :(){ :|:& };: (each call pipes two background copies of itself and
# returns at once, so the copies are orphans), then a busy loop so that the script itself does not
# end first.
# Expected: SV "clone" with the default policy (bash forks for the pipeline); with
# Policy::allow_processes the pids limit holds the bomb and the time limit ends it (TLE, or RE), and
# nothing of it survives the run.
:(){ :|:& };:
while true; do true; done
