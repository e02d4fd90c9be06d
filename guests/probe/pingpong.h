/* pingpong.h - the layout of the "pingpong" channel shared by ping and pong. */
#ifndef PINGPONG_H
#define PINGPONG_H

#include <stdint.h>

struct pingpong {
	volatile uint32_t ping;		/* written by ping: the counter sent */
	volatile uint32_t pong;		/* written by pong: the counter echoed */
};

/* The window's offset comes from the guest's generated layout header
 * (gen/guests/<guest>.h, force-included by guests/probe/build.mk). */
#define PINGPONG ((struct pingpong *)MESO_CHANNEL_PINGPONG_OFFSET)
#define PINGPONG_REPORT_EVERY 1000u

#endif /* PINGPONG_H */
