# SPDX-License-Identifier: GPL-2.0-or-later
# The docks (Qt widgets) go into linkon.so only when the OBS frontend API is
# there, with the Qt major version the OBS we build against was built with
# (OBS_QT_VERSION in obsconfig.h: 5 for Debian's OBS 29, 6 from OBS 30).
# Without Qt the module builds and loads as before, without docks.
#
# LINKON_QT_MAJOR overrides that choice. With a major that differs from the
# OBS's own (e.g. Qt6 against Debian's OBS 29 headers) the dock sources are
# still compiled, into the object library linkon-docks, but not linked into
# linkon.so: one process cannot load Qt5 and Qt6. (The test suite builds the
# Qt6 docks for real, linked into a linkon.so for OBS 32: tests/run-all.sh.)
get_target_property(_lk_obs_includes OBS::libobs INTERFACE_INCLUDE_DIRECTORIES)
find_file(LINKON_OBSCONFIG_H obsconfig.h PATHS ${_lk_obs_includes} NO_DEFAULT_PATH)
set(LINKON_OBS_QT_VERSION 6)
if(LINKON_OBSCONFIG_H)
  file(STRINGS ${LINKON_OBSCONFIG_H} _lk_qt_line REGEX "^#define OBS_QT_VERSION [0-9]+")
  if(_lk_qt_line MATCHES "OBS_QT_VERSION ([0-9]+)")
    set(LINKON_OBS_QT_VERSION ${CMAKE_MATCH_1})
  endif()
endif()

set(LINKON_QT_MAJOR ${LINKON_OBS_QT_VERSION}
    CACHE STRING "Qt major version for the docks (5 or 6; default: OBS_QT_VERSION of the OBS built against)")
set_property(CACHE LINKON_QT_MAJOR PROPERTY STRINGS 5 6)
if(NOT LINKON_QT_MAJOR MATCHES "^[56]$")
  message(FATAL_ERROR "linkon: LINKON_QT_MAJOR must be 5 or 6, not '${LINKON_QT_MAJOR}'")
endif()
set(LINKON_QT_VERSION ${LINKON_QT_MAJOR})

find_package(Qt${LINKON_QT_VERSION} QUIET COMPONENTS Widgets)
if(NOT TARGET Qt${LINKON_QT_VERSION}::Widgets)
  message(STATUS "linkon: Qt${LINKON_QT_VERSION} Widgets not found: building without the docks")
  return()
endif()

file(GLOB LINKON_DOCK_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp ${CMAKE_CURRENT_LIST_DIR}/*.hpp)
add_library(linkon-docks OBJECT ${LINKON_DOCK_SOURCES})
set_target_properties(linkon-docks PROPERTIES AUTOMOC ON)
target_include_directories(linkon-docks PRIVATE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_SOURCE_DIR}/plugin
                                                ${CMAKE_SOURCE_DIR}/plugin/sources)
# For include dirs and defines; linkon itself links these libraries.
target_link_libraries(linkon-docks PRIVATE linkon-dock-model linkon-net OBS::libobs OBS::obs-frontend-api
                                           Qt${LINKON_QT_VERSION}::Widgets)
# No API that Qt 5.15 already deprecated: what compiles here compiles with Qt5 and Qt6 alike.
target_compile_definitions(linkon-docks PRIVATE LINKON_HAVE_FRONTEND=1 LINKON_HAVE_DOCKS=1
                                                QT_DISABLE_DEPRECATED_BEFORE=0x050F00)

if(NOT LINKON_QT_VERSION STREQUAL LINKON_OBS_QT_VERSION)
  message(STATUS "linkon: docks compiled with Qt${LINKON_QT_VERSION} (target linkon-docks) but NOT linked into "
                 "linkon.so: the OBS we build against uses Qt${LINKON_OBS_QT_VERSION}")
  return()
endif()
message(STATUS "linkon: docks with Qt${LINKON_QT_VERSION} (the OBS we build against uses Qt${LINKON_QT_VERSION})")

target_link_libraries(linkon PRIVATE linkon-docks linkon-dock-model Qt${LINKON_QT_VERSION}::Widgets)
target_compile_definitions(linkon PRIVATE LINKON_HAVE_DOCKS=1)
set(LINKON_DOCKS_IN_MODULE ON) # tests/e2e/e2e.cmake: e2e-docks needs them
