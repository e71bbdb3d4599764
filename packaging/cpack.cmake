# Linkon — packages (CPack), one per OBS major: a linkon.so is built for the
# OBS major of the libobs it is compiled against (LINKON_OBS_MAJOR) and its
# file name says so. Included from the top-level CMakeLists.txt after
# project(); nothing happens until `cpack` runs.
#
# System layout (default): a .deb for Debian's OBS 29,
#   obs-linkon_<version>+obs29_amd64.deb
#   cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
#         -DLINKON_INSTALL_LAYOUT=system -DLINKON_BUILD_TESTS=OFF
#   cmake --build build-deb -j && (cd build-deb && cpack)
# The package puts linkon.so in /usr/lib/<multiarch>/obs-plugins and the data in
# /usr/share/obs/obs-plugins/linkon, where Debian's OBS looks.
#
# User layout: a tarball for one user's OBS (e.g. OBS 32 against the libobs
# of scripts/build-obs32.sh), linkon-<version>-obs32-linux-x86_64.tar.xz with
# linkon/bin/64bit/linkon.so and linkon/data/, unpacked into
# ~/.config/obs-studio/plugins/
#   cmake -S . -B build-obs32/linkon -DCMAKE_PREFIX_PATH=<obs prefix> -DCMAKE_BUILD_TYPE=Release \
#         -DLINKON_INSTALL_LAYOUT=user -DLINKON_BUILD_TESTS=OFF
#   cmake --build build-obs32/linkon -j && (cd build-obs32/linkon && cpack)
# Not both for one OBS: it would load two copies.
# SPDX-License-Identifier: GPL-2.0-or-later

if(LINKON_INSTALL_LAYOUT STREQUAL "system" AND NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "linkon: a .deb for Debian's OBS needs -DCMAKE_INSTALL_PREFIX=/usr (now ${CMAKE_INSTALL_PREFIX})")
endif()

set(CPACK_PACKAGE_NAME "obs-linkon")
set(CPACK_PACKAGE_VENDOR "Linkon")
# placeholder: set the real maintainer before publishing a package
set(CPACK_PACKAGE_CONTACT "Linkon maintainers <maintainers@linkon.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Live-commerce overlays for OBS Studio")
set(CPACK_PACKAGE_DESCRIPTION
    "Linkon shows the pinned product, the live cart, flash-sale countdowns and gift alerts as native OBS sources, kept in sync with a shop through a network worker thread. Includes a built-in demo shop."
)
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)

if(LINKON_INSTALL_LAYOUT STREQUAL "user")
  # linkon/bin/64bit/linkon.so + linkon/data/: the folder OBS looks for in
  # ~/.config/obs-studio/plugins/
  set(CPACK_GENERATOR "TXZ")
  set(CPACK_PACKAGE_FILE_NAME
      "linkon-${PROJECT_VERSION}-obs${LINKON_OBS_MAJOR}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
  string(TOLOWER "${CPACK_PACKAGE_FILE_NAME}" CPACK_PACKAGE_FILE_NAME)
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY OFF)
  set(CPACK_PACKAGING_INSTALL_PREFIX "/linkon")
  include(CPack)
  return()
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
# the OBS major in the version (and so in the file name): obs-linkon_0.1.0+obs29_amd64.deb
set(CPACK_DEBIAN_PACKAGE_VERSION "${PROJECT_VERSION}+obs${LINKON_OBS_MAJOR}")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "video")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# shared-library dependencies (libobs0, libcurl4, libjansson4, …) from dpkg-shlibdeps;
# obs-studio itself, of the major built for (the frontend API and Qt differ between majors)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
math(EXPR _lk_next_major "${LINKON_OBS_MAJOR} + 1")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "obs-studio (>= ${LINKON_OBS_MAJOR}), obs-studio (<< ${_lk_next_major})")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-core, fonts-noto-cjk")

include(CPack)
