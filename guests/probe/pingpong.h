/* pingpong.h - the layout of the "pingpong" channel shared by ping and pong. */
#ifndef PINGPONG_H
#define PINGPONG_H

#include <stdint.h>

struct pingpong {
	volatile uint32_t ping;		/* written by ping: the counter sent */
	volatile uint32_t pong;		/* written by pong: the counter echoed */
};

extern char __channel_pingpong[];
#define PINGPONG ((struct pingpong *)__channel_pingpong)
#define PINGPONG_REPORT_EVERY 1000u

#endif /* PINGPONG_H */
