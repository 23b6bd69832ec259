/* src/util/hex.h - hexadecimal digits, as the input formats write them.
 *
 * Percent-escapes (purl, CPE 2.2 URIs, vers, VEX identifiers), PDF hex strings and
 * text escapes in feeds all decode the same way: 0-9, a-f and A-F, independent of the
 * locale. Owns nothing else.
 */
#ifndef VX_UTIL_HEX_H
#define VX_UTIL_HEX_H

/* The value 0-15 of hex digit c (a char converted to int, any sign), or -1 when c is
 * not a hex digit. */
int vx_hexval(int c);

#endif
