// Templates: the runtime that code generated from .heex files calls, and component interfaces.
#ifndef LIVEDIFF_RENDER_H
#define LIVEDIFF_RENDER_H

#include "livediff/core.h"
#include "livediff/render/component.h"
#include "livediff/render/detail/emit.h"
#include "livediff/render/url.h"
#include "livediff/render/values.h"
#include "livediff/streams/stream.h"

#endif  // LIVEDIFF_RENDER_H
