#include "livediff/testing/status_matchers.h"
