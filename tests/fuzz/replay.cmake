# SPDX-License-Identifier: MIT
# The fuzz targets in the ordinary build: each target's code linked with
# replay.c instead of libFuzzer, and ctest cases that feed it the target's
# seed corpus and the inputs it once failed on (tests/fuzz/regressions),
# so that every build, the sanitizer one included, replays them.
set(EIP_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
foreach(target csv sheet rules cohort verify)
  add_executable(replay_${target} ${EIP_FUZZ_DIR}/fuzz_${target}.c
                 ${EIP_FUZZ_DIR}/fuzz_file.c ${EIP_FUZZ_DIR}/replay.c)
  target_link_libraries(replay_${target} PRIVATE eipack_pkg)
  foreach(set corpus regressions)
    if(IS_DIRECTORY ${EIP_FUZZ_DIR}/${set}/fuzz_${target})
      add_test(NAME fuzz.${set}.${target}
               COMMAND replay_${target} ${EIP_FUZZ_DIR}/${set}/fuzz_${target})
    endif()
  endforeach()
endforeach()
