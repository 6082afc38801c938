# Installs livediff into a temporary prefix and builds a consumer that uses find_package(livediff),
# proving the exported package works outside this source tree.
set(build "${BINARY_DIR}/livediff-build")
set(prefix "${BINARY_DIR}/prefix")
set(consumer "${BINARY_DIR}/consumer-build")
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
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/cmake/find_package/consumer" -B "${consumer}"
  -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${consumer}")
run("${consumer}/consumer")
