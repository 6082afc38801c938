# Installs the build tree into a fresh prefix and checks liblivediff_c as a user gets it:
#  - the SONAME is liblivediff_c.so.<ABI> and the library file carries it;
#  - the only symbols it defines are the livediff_* functions of the header (each versioned
#    LIVEDIFF_<ABI>) and that version's own tag, and every function of the header is there;
#  - a C99 program built with only the header and the .so, once with pkg-config and once with
#    find_package(livediff COMPONENTS c) in a C-only project, prints the same diffs as the C++ API.
set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
file(GLOB_RECURSE libs "${prefix}/*/liblivediff_c.so.${ABI_VERSION}")
list(LENGTH libs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one liblivediff_c.so.${ABI_VERSION} in ${prefix}, found: ${libs}")
endif()
get_filename_component(libdir "${libs}" DIRECTORY)
if(NOT EXISTS "${prefix}/include/livediff/livediff.h")
  message(FATAL_ERROR "livediff/livediff.h is not installed")
endif()

# SONAME.
run(readelf -d "${libs}")
if(NOT run_output MATCHES "Library soname: \\[liblivediff_c\\.so\\.${ABI_VERSION}\\]")
  message(FATAL_ERROR "no SONAME liblivediff_c.so.${ABI_VERSION}:\n${run_output}")
endif()

# Exported symbols against the header's functions.
run(nm -D --defined-only "${libs}")
string(REPLACE "\n" ";" symbols "${run_output}")
set(exported "")
foreach(line IN LISTS symbols)
  if(line STREQUAL "")
    continue()
  endif()
  if(line MATCHES "^[0-9a-f]+ A LIVEDIFF_${ABI_VERSION}$")
    continue()  # the version tag itself
  endif()
  if(NOT line MATCHES "^[0-9a-f]+ T (livediff_[a-z0-9_]+)@@LIVEDIFF_${ABI_VERSION}$")
    message(FATAL_ERROR "liblivediff_c exports a symbol that is not a versioned livediff_ function: ${line}")
  endif()
  list(APPEND exported "${CMAKE_MATCH_1}")
endforeach()
file(READ "${HEADER}" header)
string(REGEX MATCHALL "LIVEDIFF_API [^;(]*[ *](livediff_[a-z0-9_]+)\\(" decls "${header}")
set(declared "")
foreach(d IN LISTS decls)
  string(REGEX MATCH "(livediff_[a-z0-9_]+)\\($" m "${d}")
  list(APPEND declared "${CMAKE_MATCH_1}")
endforeach()
list(SORT exported)
list(SORT declared)
if(NOT exported STREQUAL declared)
  message(FATAL_ERROR "exported and declared functions differ:\n exported: ${exported}\n declared: ${declared}")
endif()
list(LENGTH exported count)
message(STATUS "${count} functions exported, all declared in livediff.h, all versioned LIVEDIFF_${ABI_VERSION}")

# The C++ API's diffs, the reference.
run("${CPP_PROGRAM}")
set(expected "${run_output}")

# pkg-config, with nothing of the build tree.
set(ENV{PKG_CONFIG_PATH} "${libdir}/pkgconfig")
run(pkg-config --cflags --libs livediff_c)
string(STRIP "${run_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run("${C_COMPILER}" -std=c99 -Wall -Wextra -Werror -pedantic
  "${SOURCE_DIR}/c_consumer/counter_and_stream.c" ${flags} -o "${WORK_DIR}/consumer-pkgconfig")
set(ENV{LD_LIBRARY_PATH} "${libdir}")
run("${WORK_DIR}/consumer-pkgconfig")
if(NOT run_output STREQUAL expected)
  message(FATAL_ERROR "pkg-config consumer's diffs differ from the C++ API's:\n${run_output}\n---\n${expected}")
endif()

# find_package in a C-only project.
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/c_consumer/cmake" -B "${WORK_DIR}/cmake-build" -G "${GENERATOR}"
  "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_C_COMPILER=${C_COMPILER}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-build")
run("${WORK_DIR}/cmake-build/consumer")
if(NOT run_output STREQUAL expected)
  message(FATAL_ERROR "find_package consumer's diffs differ from the C++ API's:\n${run_output}\n---\n${expected}")
endif()
message(STATUS "pkg-config and find_package consumers print the C++ API's diffs")
