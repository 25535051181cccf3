# box_programs(TARGET <name> DIR <output dir> SOURCES <files...> COMPILER <cc> FLAGS <flags...>)
# box_programs_target(<name>)
#
# Builds small programs that tests and benchmarks run inside boxes (mounted at /progs), one
# executable per source, named after it without its suffix (shell scripts keep theirs and are
# copied, executable). They are compiled by hand rather than as CMake targets so that they get
# exactly FLAGS, never the sanitizer and debug options the rest of the tree may be built with: an
# ASan program in a box would measure ASan's system calls, not the program.
function(box_programs)
  cmake_parse_arguments(ARG "" "TARGET;DIR;COMPILER" "SOURCES;FLAGS" ${ARGN})
  set(outputs)
  foreach(src ${ARG_SOURCES})
    if(src MATCHES "\\.sh$")
      get_filename_component(name ${src} NAME)
      set(out ${ARG_DIR}/${name})
      add_custom_command(
        OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${ARG_DIR}
        COMMAND ${CMAKE_COMMAND} -E copy ${src} ${out}
        COMMAND chmod 0755 ${out}
        DEPENDS ${src}
        COMMENT "Copying ${name} for ${ARG_TARGET}"
        VERBATIM)
    else()
      get_filename_component(name ${src} NAME_WE)
      set(out ${ARG_DIR}/${name})
      add_custom_command(
        OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${ARG_DIR}
        COMMAND ${ARG_COMPILER} ${ARG_FLAGS} -o ${out} ${src}
        DEPENDS ${src}
        COMMENT "Building ${name} for ${ARG_TARGET}"
        VERBATIM)
    endif()
    list(APPEND outputs ${out})
  endforeach()
  set_property(GLOBAL APPEND PROPERTY ${ARG_TARGET}_OUTPUTS ${outputs})
endfunction()

# Creates the target that builds every program box_programs() registered under its name.
function(box_programs_target name)
  get_property(outputs GLOBAL PROPERTY ${name}_OUTPUTS)
  add_custom_target(${name} DEPENDS ${outputs})
endfunction()
