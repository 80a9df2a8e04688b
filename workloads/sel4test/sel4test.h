// Check-and-report helpers shared by the kernel end-to-end test programs.
//
// Every check prints one line, "PASS <test> #<id>: <what>" or "FAIL <test> #<id>: <what> ...".
// Check ids are distinct within a program; main returns the id of the first failed check
// (0 when all passed), which crt0 turns into the simulator's exit code. The last line is
// "<test>: PASS" or "<test>: FAIL (n failed, first #id)".
#pragma once
#include <sel4/runtime.h>
#include <uintrsim/devices.h>

static const char* sel4test_name = "?";
static int sel4test_first_failure;
static int sel4test_failures;

static inline const char* sel4test_error_name(seL4_Word e) {
  static const char* const names[] = {
      "seL4_NoError",     "seL4_InvalidArgument", "seL4_InvalidCapability", "seL4_IllegalOperation",
      "seL4_RangeError",  "seL4_AlignmentError",  "seL4_FailedLookup",      "seL4_TruncatedMessage",
      "seL4_DeleteFirst", "seL4_RevokeFirst",     "seL4_NotEnoughMemory",
  };
  return e < sizeof names / sizeof names[0] ? names[e] : "(unknown error)";
}

static inline void sel4test_begin(const char* name) {
  sel4test_name = name;
  printf("=== %s ===\n", name);
}

static inline int sel4test_record(int id, int ok) {
  if (!ok) {
    ++sel4test_failures;
    if (!sel4test_first_failure) sel4test_first_failure = id;
  }
  return ok;
}

// CHECK(id, cond, what): a boolean check.
#define CHECK(id, cond, what)                                                                     \
  ({                                                                                              \
    int ok_ = (cond) ? 1 : 0;                                                                     \
    printf("%s %s #%d: %s\n", ok_ ? "PASS" : "FAIL", sel4test_name, (int)(id), (what));           \
    sel4test_record((id), ok_);                                                                   \
  })

// CHECK_EQ(id, got, want, what): compares two words and prints both on failure.
#define CHECK_EQ(id, got, want, what)                                                             \
  ({                                                                                              \
    seL4_Word got_ = (seL4_Word)(got), want_ = (seL4_Word)(want);                                 \
    int ok_ = got_ == want_;                                                                      \
    if (ok_)                                                                                      \
      printf("PASS %s #%d: %s\n", sel4test_name, (int)(id), (what));                              \
    else                                                                                          \
      printf("FAIL %s #%d: %s (got 0x%lx, want 0x%lx)\n", sel4test_name, (int)(id), (what), got_, \
             want_);                                                                              \
    sel4test_record((id), ok_);                                                                   \
  })

// CHECK_ERR(id, got, want, what): compares seL4_Error values and prints their names.
#define CHECK_ERR(id, got, want, what)                                                            \
  ({                                                                                              \
    seL4_Word got_ = (seL4_Word)(got), want_ = (seL4_Word)(want);                                 \
    int ok_ = got_ == want_;                                                                      \
    if (ok_)                                                                                      \
      printf("PASS %s #%d: %s -> %s\n", sel4test_name, (int)(id), (what), sel4test_error_name(got_)); \
    else                                                                                          \
      printf("FAIL %s #%d: %s -> %s, want %s\n", sel4test_name, (int)(id), (what),                 \
             sel4test_error_name(got_), sel4test_error_name(want_));                              \
    sel4test_record((id), ok_);                                                                   \
  })

// REQUIRE(id, cond, what): like CHECK, but a failure ends the test at once (set-up steps
// without which the remaining checks make no sense).
#define REQUIRE(id, cond, what)                 \
  do {                                          \
    if (!CHECK((id), (cond), (what))) return sel4test_finish(); \
  } while (0)

#define REQUIRE_ERR(id, got, want, what)                     \
  do {                                                       \
    if (!CHECK_ERR((id), (got), (want), (what))) return sel4test_finish(); \
  } while (0)

static inline int sel4test_finish(void) {
  if (sel4test_failures)
    printf("%s: FAIL (%d failed, first #%d)\n", sel4test_name, sel4test_failures, sel4test_first_failure);
  else
    printf("%s: PASS\n", sel4test_name);
  return sel4test_first_failure;
}

/* Workload arguments (workload.seed, ...): uintrsim_arg_int in <sel4/runtime.h>, once
   sel4_simctrl_init has mapped the sim-control device. */
