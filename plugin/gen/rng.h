// A small, fully specified random generator. The standard distributions differ
// between library versions, so the same seed would not give the same bytes
// everywhere; these are written out here instead.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

namespace dp::gen {

inline uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// A stream per (seed, domain, index): each ticket, call or day draws from its own
// stream, so streams do not shift when another part of the generator changes.
inline uint64_t stream_seed(uint64_t seed, uint64_t domain, uint64_t index) {
  uint64_t x = seed ^ (domain * 0xd1b54a32d192ed03ull);
  splitmix64(x);
  x ^= index * 0x8cb92ba72f3d8dd7ull;
  return splitmix64(x);
}

// xoshiro256**
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
  }
  Rng(uint64_t seed, uint64_t domain, uint64_t index) : Rng(stream_seed(seed, domain, index)) {}

  uint64_t next() {
    uint64_t result = rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // [0, 1)
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // [0, n)
  size_t below(size_t n) { return size_t(uniform() * double(n)); }
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  double normal(double mean, double sd) {
    // Box-Muller; one of the pair is dropped to keep the stream stateless.
    double u1 = 1.0 - uniform(), u2 = uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double lognormal(double median, double sigma) { return median * std::exp(normal(0, sigma)); }
  // Index by weight.
  size_t weighted(std::initializer_list<double> w) {
    return weighted(std::span<const double>(w.begin(), w.size()));
  }
  size_t weighted(std::span<const double> w) {
    double total = 0;
    for (double x : w) total += x;
    double r = uniform() * total;
    size_t i = 0;
    for (double x : w) {
      if (r < x) return i;
      r -= x;
      ++i;
    }
    return w.size() - 1;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace dp::gen
