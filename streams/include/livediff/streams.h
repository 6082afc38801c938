// Streams: collections the server does not keep, with feed and log helpers.
#ifndef LIVEDIFF_STREAMS_H
#define LIVEDIFF_STREAMS_H

#include "livediff/streams/feed_window.h"
#include "livediff/streams/log_tail.h"
#include "livediff/streams/stream.h"

#endif  // LIVEDIFF_STREAMS_H
