# livediff_add_library(<layer> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...] [EXPORT set])
# Declares livediff_<layer> (alias livediff::<layer>) with its public headers in
# <layer>/include, C++20, the project warnings and install rules, so every layer
# is built and exported the same way (into livediffTargets unless EXPORT names another set).
function(livediff_add_library layer)
  cmake_parse_arguments(arg "" "EXPORT" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT arg_EXPORT)
    set(arg_EXPORT livediffTargets)
  endif()
  set(target livediff_${layer})
  add_library(${target} ${arg_SOURCES})
  add_library(livediff::${layer} ALIAS ${target})
  # 0.x: a minor version may break the ABI (as the package's SameMinorVersion says), so a
  # shared build (BUILD_SHARED_LIBS) is liblivediff_<layer>.so.0.<minor>.
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer} POSITION_INDEPENDENT_CODE ON
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS
    "${CMAKE_CURRENT_SOURCE_DIR}/include/livediff/*.h")
  target_sources(${target} PUBLIC FILE_SET HEADERS
    BASE_DIRS "${CMAKE_CURRENT_SOURCE_DIR}/include" FILES ${headers})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_link_libraries(${target} PUBLIC ${arg_PUBLIC_DEPS} PRIVATE ${arg_PRIVATE_DEPS})
  livediff_set_warnings(${target})
  if(LIVEDIFF_INSTALL)
    install(TARGETS ${target} EXPORT ${arg_EXPORT} FILE_SET HEADERS)
  endif()
endfunction()

function(livediff_set_warnings target)
  # GCC 12 reports designated initializers that leave defaulted members out ({.at = 0}), which
  # is how options structs are meant to be used.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 at -O3 reports std::string concatenations as overlapping copies (GCC PR 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # RapidJSON 1.1's iterators compare with operators C++20 calls ambiguous (fixed upstream
    # after the Debian release).
    target_compile_options(${target} PRIVATE -Wno-ambiguous-reversed-operator)
  endif()
  if(LIVEDIFF_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
