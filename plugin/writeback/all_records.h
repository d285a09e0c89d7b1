// Every stored record, loaded once per step and only when the step needs them all (a
// full plan of a small state, a due report), with the engine context made for them
// (StateAccess::records_ctx links calls to tickets). Reads only.
#pragma once

#include <optional>
#include <utility>

#include "kpi/options.h"
#include "model/records.h"
#include "model/result.h"
#include "store/store.h"
#include "writeback/cycle.h"

namespace dp::writeback {

class AllRecords {
 public:
  AllRecords(Store& store, const StateAccess& state) : store_(store), state_(state) {}
  Result<const Records*> get() {
    if (!data_) {
      auto all = store_.load_all();
      if (!all) return all.error();
      data_ = std::move(*all);
      ctx_ = state_.records_ctx(*data_);
    }
    return &*data_;
  }
  const kpi::Context& ctx() const { return ctx_; }  // after get()

 private:
  Store& store_;
  const StateAccess& state_;
  std::optional<Records> data_;
  kpi::Context ctx_;
};

}  // namespace dp::writeback
