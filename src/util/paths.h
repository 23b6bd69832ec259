/* src/util/paths.h - where vexil's shipped, user-editable files live.
 *
 * The default Lua rules (lua/), the notice templates (templates/) and the fonts (fonts/)
 * are installed under <prefix>/share/vexil by `cmake --install`, and used straight from the
 * source tree by a build that was not installed. This module decides which directory holds
 * them; it does not read them.
 */
#ifndef VX_UTIL_PATHS_H
#define VX_UTIL_PATHS_H

/* The data directory, first that exists of: $VEXIL_DATA_DIR; <dir of the executable>/../
 * share/vexil; the configured install directory; the source tree the binary was built from.
 * NULL when none holds a lua/ folder. Static string. */
const char *vx_data_dir(void);

#endif
