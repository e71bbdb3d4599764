# SPDX-License-Identifier: GPL-2.0-or-later
# The docks (Qt widgets) go into linkon.so only when the OBS frontend API is
# there, with the Qt major version the OBS we build against was built with
# (OBS_QT_VERSION in obsconfig.h: 5 for Debian's OBS 29, 6 from OBS 30).
# Without Qt the module builds and loads as before, without docks.
get_target_property(_lk_obs_includes OBS::libobs INTERFACE_INCLUDE_DIRECTORIES)
find_file(LINKON_OBSCONFIG_H obsconfig.h PATHS ${_lk_obs_includes} NO_DEFAULT_PATH)
set(LINKON_QT_VERSION 6)
if(LINKON_OBSCONFIG_H)
  file(STRINGS ${LINKON_OBSCONFIG_H} _lk_qt_line REGEX "^#define OBS_QT_VERSION [0-9]+")
  if(_lk_qt_line MATCHES "OBS_QT_VERSION ([0-9]+)")
    set(LINKON_QT_VERSION ${CMAKE_MATCH_1})
  endif()
endif()

find_package(Qt${LINKON_QT_VERSION} QUIET COMPONENTS Widgets)
if(NOT TARGET Qt${LINKON_QT_VERSION}::Widgets)
  message(STATUS "linkon: Qt${LINKON_QT_VERSION} Widgets not found: building without the docks")
  return()
endif()
message(STATUS "linkon: docks with Qt${LINKON_QT_VERSION} (the OBS we build against uses Qt${LINKON_QT_VERSION})")

file(GLOB LINKON_DOCK_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp ${CMAKE_CURRENT_LIST_DIR}/*.hpp)
target_sources(linkon PRIVATE ${LINKON_DOCK_SOURCES})
set_target_properties(linkon PROPERTIES AUTOMOC ON)
target_include_directories(linkon PRIVATE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_SOURCE_DIR}/plugin/core
                                          ${CMAKE_SOURCE_DIR}/plugin/sources)
target_link_libraries(linkon PRIVATE linkon-dock-model Qt${LINKON_QT_VERSION}::Widgets)
target_compile_definitions(linkon PRIVATE LINKON_HAVE_DOCKS=1)
