# Installs livediff into a temporary prefix, deletes its build tree, and builds programs that
# use find_package(livediff) from that prefix alone: a consumer of the core, the testing target
# and a template, and the starter application (examples/starter), which must serve its page and
# the client bundle.
set(build "${BINARY_DIR}/livediff-build")
set(prefix "${BINARY_DIR}/prefix")
set(consumer "${BINARY_DIR}/consumer-build")
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
  -DLIVEDIFF_BUILD_EXAMPLES=OFF -DLIVEDIFF_INSTALL=ON "-DCMAKE_INSTALL_PREFIX=${prefix}")
run(${CMAKE_COMMAND} --build "${build}" --target install -j 2)
# Nothing of the build tree may be needed any more.
file(REMOVE_RECURSE "${build}")

run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/cmake/find_package/consumer" -B "${consumer}"
  -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${consumer}")
run("${consumer}/consumer")

run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/starter" -B "${starter}" -G "${GENERATOR}"
  -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${starter}")
run(bash "${SOURCE_DIR}/tests/cmake/serve_check.sh" "${starter}/starter")
