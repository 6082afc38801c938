#include "status_matchers.h"
