# livediff_add_templates(<target> FILES a.heex b.heex ...)
#
# Compiles the templates at build time with livediff_template_compiler into one header per
# file (a.heex -> a.heex.h) under the target's binary directory, adds them to <target> with
# that directory on its include path, and links livediff::render. Components defined in any
# of the files can be used in all of them. A template error fails the build with
# `file:line:column: error: reason`; errors in C++ expressions point into the .heex file too.
function(livediff_add_templates target)
  cmake_parse_arguments(arg "" "" "FILES" ${ARGN})
  if(NOT arg_FILES)
    message(FATAL_ERROR "livediff_add_templates(${target}): no FILES given")
  endif()
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/livediff_templates/${target}")
  file(MAKE_DIRECTORY "${out_dir}")
  set(inputs "")
  set(outputs "")
  foreach(file IN LISTS arg_FILES)
    get_filename_component(path "${file}" ABSOLUTE)
    get_filename_component(name "${file}" NAME)
    list(APPEND inputs "${path}")
    list(APPEND outputs "${out_dir}/${name}.h")
  endforeach()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND livediff::template_compiler --out-dir "${out_dir}" ${inputs}
    DEPENDS ${inputs} livediff::template_compiler
    COMMENT "Compiling templates of ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${outputs})
  target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${out_dir}>")
  target_link_libraries(${target} PUBLIC livediff::render)
endfunction()
