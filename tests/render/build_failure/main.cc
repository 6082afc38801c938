// Built only by the render_build_* ctests: its templates are malformed, so the build must fail
// with the error located in the template.
#include LIVEDIFF_BAD_TEMPLATE_HEADER

int main() {
  return 0;
}
