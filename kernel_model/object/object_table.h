// The kernel objects that exist, by identity (physical address; untypeds by object id, since
// a child untyped may start at its parent's address). Objects are created by retype (and at
// boot) and destroyed when their last capability goes (CSpace finalise).
#pragma once
#include <cstdint>
#include <map>
#include <memory>

#include "kernel_model/objects.h"

namespace uintrsim::kernel {

class ObjectTable {
 public:
  template <class T>
  using Table = std::map<uint64_t, std::unique_ptr<T>>;

  Tcb* tcb(uint64_t pa) const { return find(tcbs_, pa); }
  Endpoint* endpoint(uint64_t pa) const { return find(endpoints_, pa); }
  Notification* notification(uint64_t pa) const { return find(notifications_, pa); }
  CNode* cnode(uint64_t pa) const { return find(cnodes_, pa); }
  Untyped* untyped(const Cap& c) const { return find(untypeds_, c.id); }
  AsidPool* asid_pool(uint64_t pa) const { return find(asid_pools_, pa); }

  // New objects (the table owns them); the untyped gets a fresh id in `c.id`.
  Tcb& add_tcb(uint64_t pa) { return add(tcbs_, pa); }
  Endpoint& add_endpoint(uint64_t pa) { return add(endpoints_, pa); }
  Notification& add_notification(uint64_t pa) { return add(notifications_, pa); }
  CNode& add_cnode(uint64_t pa, unsigned radix);
  AsidPool& add_asid_pool(uint64_t pa) { return add(asid_pools_, pa); }
  Untyped& add_untyped(Cap& c);
  // Object ids (untypeds, TCB names), one sequence for the run.
  uint64_t next_id() { return ++next_id_; }

  // The object `c` refers to is destroyed.
  void erase(const Cap& c);

  const Table<Tcb>& tcbs() const { return tcbs_; }
  const Table<CNode>& cnodes() const { return cnodes_; }
  const Table<AsidPool>& asid_pools() const { return asid_pools_; }

 private:
  template <class T>
  static T* find(const Table<T>& t, uint64_t key) {
    auto it = t.find(key);
    return it == t.end() ? nullptr : it->second.get();
  }
  template <class T>
  static T& add(Table<T>& t, uint64_t pa) {
    auto& slot = t[pa];
    slot = std::make_unique<T>();
    slot->pa = pa;
    return *slot;
  }

  Table<Tcb> tcbs_;
  Table<Endpoint> endpoints_;
  Table<Notification> notifications_;
  Table<CNode> cnodes_;
  Table<Untyped> untypeds_;  // by Cap::id
  Table<AsidPool> asid_pools_;
  uint64_t next_id_ = 0;
};

}  // namespace uintrsim::kernel
