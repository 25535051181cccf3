// judge-sandbox-keeper: the program each box's keeper runs (see src/keeper.h). Started by the
// sandbox library with its end of the supervisor's socket as descriptor 3; not for people.
#include "keeper.h"

int main() { sandbox::KeeperProgramMain(3); }
