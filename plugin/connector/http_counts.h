// What an HTTP connector's client has done so far: for the cycle line and /metrics.
#pragma once

#include <cstddef>

namespace dp {

struct HttpCounts {
  size_t requests = 0;  // every attempt sent
  size_t retries = 0;   // attempts after a failed one
  size_t errors = 0;    // requests that failed for good (after retries, or not retriable)
};

}  // namespace dp
