/* Reads the radius as a diameter: a quarter of the area. */
#include <math.h>
#include <stdio.h>

int main(void) {
  int n;
  if (scanf("%d", &n) != 1) return 1;
  for (int i = 0; i < n; ++i) {
    double d;
    if (scanf("%lf", &d) != 1) return 1;
    printf("%.10f\n", M_PI * d * d / 4);
  }
  return 0;
}
