import core.volatile;

void main() {
    ulong n = 0;
    for (;;) {
        volatileStore(&n, volatileLoad(&n) + 1);
    }
}
