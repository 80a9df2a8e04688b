# Test helpers shared by the test folders (included from tests/CMakeLists.txt).
set(UINTRSIM_EXPECT_EXIT ${CMAKE_CURRENT_LIST_DIR}/integration/expect_exit.sh)

# split_at_separator(<before_var> <after_var> <arg>...): the arguments before the first "--"
# and those after it.
function(split_at_separator before_var after_var)
  set(before "")
  set(after "")
  set(seen_sep FALSE)
  foreach(a ${ARGN})
    if(NOT seen_sep AND a STREQUAL "--")
      set(seen_sep TRUE)
    elseif(seen_sep)
      list(APPEND after "${a}")
    else()
      list(APPEND before "${a}")
    endif()
  endforeach()
  set(${before_var} "${before}" PARENT_SCOPE)
  set(${after_var} "${after}" PARENT_SCOPE)
endfunction()

# add_expect_exit_test(<test name> <label> <status> <regex>... -- <uintrsim args>...): runs
# uintrsim with the args through expect_exit.sh, which expects the exit status and every
# regex in its output (a regex starting with "!" must not match).
function(add_expect_exit_test test_name label status)
  split_at_separator(regexes args ${ARGN})
  add_test(NAME ${test_name}
           COMMAND bash ${UINTRSIM_EXPECT_EXIT} ${status} ${regexes} -- $<TARGET_FILE:uintrsim> ${args})
  set_tests_properties(${test_name} PROPERTIES
    PASS_REGULAR_EXPRESSION "expect_exit: OK" TIMEOUT 60 LABELS ${label})
endfunction()
