# Builds livediff's Debian package with CPack, installs it (as root: with dpkg, as on a fresh
# Debian; otherwise unpacked into a folder), and builds and runs the starter application
# (examples/starter) against it with no other trace of the build left.
set(build "${BINARY_DIR}/livediff-build")
set(root "${BINARY_DIR}/root")
set(starter "${BINARY_DIR}/starter-build")
file(REMOVE_RECURSE "${BINARY_DIR}")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}")
  endif()
endfunction()

run(${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${build}" -G "${GENERATOR}"
  -DCMAKE_BUILD_TYPE=Release -DLIVEDIFF_BUILD_TESTS=OFF -DLIVEDIFF_BUILD_BENCHMARKS=OFF
  -DLIVEDIFF_BUILD_EXAMPLES=OFF -DLIVEDIFF_INSTALL=ON -DCMAKE_INSTALL_PREFIX=/usr)
run(${CMAKE_COMMAND} --build "${build}" -j 2)
execute_process(COMMAND cpack -G DEB WORKING_DIRECTORY "${build}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack failed")
endif()
file(GLOB debs "${build}/*.deb")
list(LENGTH debs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one .deb, got: ${debs}")
endif()
file(COPY ${debs} DESTINATION "${BINARY_DIR}")
file(GLOB deb "${BINARY_DIR}/*.deb")
file(REMOVE_RECURSE "${build}")

# Every dependency the package declares is a Debian package this machine has.
execute_process(COMMAND dpkg-deb -f "${deb}" Depends OUTPUT_VARIABLE depends
  OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REPLACE ", " ";" depends "${depends}")
foreach(dep IN LISTS depends)
  string(REGEX REPLACE " .*" "" name "${dep}")
  run(dpkg -s "${name}")
endforeach()

execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(uid STREQUAL "0")
  run(dpkg -i "${deb}")
  execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/starter" -B "${starter}"
    -G "${GENERATOR}" -DCMAKE_BUILD_TYPE=Release RESULT_VARIABLE configured)
  if(configured EQUAL 0)
    execute_process(COMMAND ${CMAKE_COMMAND} --build "${starter}" RESULT_VARIABLE built)
  endif()
  if(configured EQUAL 0 AND built EQUAL 0)
    execute_process(COMMAND bash "${SOURCE_DIR}/tests/cmake/serve_check.sh" "${starter}/starter"
      RESULT_VARIABLE served)
  endif()
  execute_process(COMMAND dpkg -r livediff-dev)
  if(NOT configured EQUAL 0 OR NOT built EQUAL 0 OR NOT served EQUAL 0)
    message(FATAL_ERROR "the starter did not build or serve against the installed package")
  endif()
else()
  run(dpkg-deb -x "${deb}" "${root}")
  run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/starter" -B "${starter}" -G "${GENERATOR}"
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${root}/usr")
  run(${CMAKE_COMMAND} --build "${starter}")
  run(${CMAKE_COMMAND} -E env "LIVEDIFF_ASSETS_DIR=${root}/usr/share/livediff/assets"
    bash "${SOURCE_DIR}/tests/cmake/serve_check.sh" "${starter}/starter")
endif()
