// Views: the LiveView programming model, its session object and PubSub.
#ifndef LIVEDIFF_VIEWS_H
#define LIVEDIFF_VIEWS_H

#include "livediff/views/assign.h"
#include "livediff/views/form.h"
#include "livediff/views/message.h"
#include "livediff/views/params.h"
#include "livediff/views/pubsub.h"
#include "livediff/views/session.h"
#include "livediff/views/telemetry.h"
#include "livediff/views/url.h"
#include "livediff/views/view.h"
#include "livediff/views/wire.h"

#endif  // LIVEDIFF_VIEWS_H
