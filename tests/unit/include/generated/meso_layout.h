/*
 * A fixed stand-in for the generated meso_layout.h: the host unit tests
 * compile the monitor's pure files against these small, known tables
 * (defined in tests/unit/fake_tables.c) instead of a product's.
 */
#ifndef GENERATED_MESO_LAYOUT_H
#define GENERATED_MESO_LAYOUT_H
#define CFG_PRODUCT_NAME		"unit"
#define CFG_LOG_LEVEL			2
#define CFG_ASSERTIONS			1
#define CFG_TICK_US			1000
#define CFG_IMAGE_DIGESTS		1
#define CFG_IPL_SPLIT			1
#define CFG_NR_GUESTS			3
#define CFG_NR_IRQ_ROUTES		2
#define CFG_NR_IRQ_ROUTES_ALLOC		2
#define CFG_NR_CHANNELS			0
#define CFG_NR_CHANNELS_ALLOC		1
#endif
