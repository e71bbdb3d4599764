# Linkon — .deb package settings (CPack). Included from the top-level
# CMakeLists.txt after project(); nothing happens until `cpack` runs.
#
#   cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
#         -DLINKON_INSTALL_LAYOUT=system -DLINKON_BUILD_TESTS=OFF
#   cmake --build build-deb -j && (cd build-deb && cpack)
#
# The package puts linkon.so in /usr/lib/<multiarch>/obs-plugins and the data in
# /usr/share/obs/obs-plugins/linkon, where Debian's OBS 29 looks. For a per-user
# install without root use packaging/install-user.sh instead (not both: OBS
# would load two copies).
# SPDX-License-Identifier: GPL-2.0-or-later

if(LINKON_INSTALL_LAYOUT STREQUAL "system" AND NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "linkon: a .deb for Debian's OBS needs -DCMAKE_INSTALL_PREFIX=/usr (now ${CMAKE_INSTALL_PREFIX})")
endif()

set(CPACK_GENERATOR "DEB")
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
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "video")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# shared-library dependencies (libobs0, libcurl4, libjansson4, …) from dpkg-shlibdeps;
# obs-studio itself, since the plugin needs the OBS frontend (29.x: same libobs ABI)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "obs-studio (>= 29), obs-studio (<< 30)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-core, fonts-noto-cjk")

include(CPack)
