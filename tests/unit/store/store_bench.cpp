// Upsert and load throughput of the state store on a temp file, run by hand:
//   bench_store [tickets]   (each ticket comes with 4 events and 1 call)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "store/sample_records.h"
#include "store/store.h"
#include "store/temp_dir.h"

namespace {

dp::Records make(int first, int n) {
  dp::Records r;
  for (int i = first; i < first + n; ++i) {
    const auto id = "rt:" + std::to_string(i);
    r.tickets.push_back(dp::test::full_ticket(id));
    for (int k = 0; k < 4; ++k)
      r.events.push_back(dp::test::full_event(id + ":" + std::to_string(k), id, 1'763'800'000 + k));
    r.calls.push_back(dp::test::full_call("ast:" + std::to_string(i)));
  }
  return r;
}

// Wall time and this process's CPU time: on a shared machine the CPU time is the
// figure that says what the store costs.
struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  void report(const char* what, size_t n) const {
    double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    double c = double(std::clock() - cpu) / CLOCKS_PER_SEC;
    std::printf("%-10s %8zu records  wall %6.3f s (%8.0f/s)  cpu %6.3f s (%8.0f/s)\n", what, n, w,
                n / w, c, n / c);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const int tickets = argc > 1 ? std::atoi(argv[1]) : 50'000;
  const int per_batch = 2'000;
  dp::test::TempDir dir;
  auto store = dp::Store::open(dir.file("bench.db"));
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().str().c_str());
    return 1;
  }
  std::vector<dp::Records> batches;
  for (int i = 0; i < tickets; i += per_batch) batches.push_back(make(i, per_batch));
  size_t records = 0;
  for (const auto& b : batches) records += b.size();

  for (const char* pass : {"insert", "unchanged"}) {
    Clock t;
    for (size_t i = 0; i < batches.size(); ++i)
      if (!(*store)->apply(batches[i], "bench", std::to_string(i))) return 1;
    t.report(pass, records);
  }
  Clock t;
  auto all = (*store)->load_all();
  if (!all) return 1;
  t.report("load_all", all->size());
  return 0;
}
