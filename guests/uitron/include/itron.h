/*
 * itron.h - the uITRON 4.0 common definitions: data types, error codes,
 * object attributes and timeout values, as every uITRON kernel spells
 * them.  Nothing here is specific to this kernel.
 */
#ifndef ITRON_H
#define ITRON_H

#include <stddef.h>
#include <stdint.h>

typedef signed char B;
typedef unsigned char UB;
typedef short H;
typedef unsigned short UH;
typedef int32_t W;
typedef uint32_t UW;
typedef int INT;
typedef unsigned int UINT;
typedef int BOOL;
typedef INT FN;
typedef INT ER;
typedef INT ID;
typedef UINT ATR;
typedef UINT STAT;
typedef UINT MODE;
typedef INT PRI;
typedef UINT SIZE;
typedef INT TMO;		/* timeout in ticks (1 ms), TMO_POL, TMO_FEVR */
typedef UINT RELTIM;		/* relative time in ticks */
typedef UW SYSTIM;		/* system time in ticks since start */
typedef void *VP;
typedef intptr_t VP_INT;
typedef void (*FP)(void);
typedef INT ER_ID;
typedef INT ER_UINT;
typedef UINT FLGPTN;
typedef UINT INTNO;

#define TRUE		1
#define FALSE		0
#define E_OK		0

/* Main error codes (uITRON 4.0 section 2.6). */
#define E_SYS		(-5)	/* system error */
#define E_NOSPT		(-9)	/* unsupported function */
#define E_RSFN		(-10)	/* reserved function code */
#define E_RSATR		(-11)	/* reserved attribute */
#define E_PAR		(-17)	/* parameter error */
#define E_ID		(-18)	/* invalid ID number */
#define E_CTX		(-25)	/* context error */
#define E_MACV		(-26)	/* memory access violation */
#define E_OACV		(-27)	/* object access violation */
#define E_ILUSE		(-28)	/* illegal service call use */
#define E_NOMEM		(-33)	/* insufficient memory */
#define E_NOID		(-34)	/* no ID number available */
#define E_OBJ		(-41)	/* object state error */
#define E_NOEXS		(-42)	/* non-existent object */
#define E_QOVR		(-43)	/* queue overflow */
#define E_RLWAI		(-49)	/* forced release from waiting */
#define E_TMOUT		(-50)	/* polling failure or timeout */
#define E_DLT		(-51)	/* waiting object deleted */
#define E_CLS		(-52)	/* waiting object state changed */
#define E_WBLK		(-57)	/* non-blocking call accepted */
#define E_BOVR		(-58)	/* buffer overflow */

/* Object attributes. */
#define TA_NULL		0u
#define TA_HLNG		0x00u	/* handler written in a high-level language */
#define TA_TFIFO	0x00u	/* waiters queued in FIFO order */
#define TA_TPRI		0x01u	/* waiters queued in priority order */
#define TA_ACT		0x02u	/* task: activate at start */
#define TA_WSGL		0x00u	/* event flag: one waiter only */
#define TA_WMUL		0x02u	/* event flag: many waiters */
#define TA_CLR		0x04u	/* event flag: clear on release */
#define TA_STA		0x02u	/* cyclic handler: started at start */
#define TA_PHS		0x04u	/* cyclic handler: keep phase */

/* Timeouts. */
#define TMO_POL		0
#define TMO_FEVR	(-1)

/* Event flag wait modes. */
#define TWF_ANDW	0x00u
#define TWF_ORW		0x01u

/* Special IDs and priorities. */
#define TSK_SELF	0
#define TSK_NONE	0
#define TPRI_SELF	0
#define TPRI_INI	0

#endif /* ITRON_H */
