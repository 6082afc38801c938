// The diff core: statics, render trees, diffs and HTML.
#ifndef LIVEDIFF_CORE_H
#define LIVEDIFF_CORE_H

#include "livediff/core/diff.h"
#include "livediff/core/escape.h"
#include "livediff/core/html.h"
#include "livediff/core/json.h"
#include "livediff/core/rendered.h"
#include "livediff/core/statics.h"

#endif  // LIVEDIFF_CORE_H
