# external.mk - this tree's make fragment, included by meso's Makefile
# (scripts/custom.mk) with MESO_EXT_DIR set to this folder.  meso builds
# guests/extping/ by its conventions; here only an optional flag:
# EXTPING_ABI=n makes extping demand ABI n (the test of its version check).
MESO_APP_CFLAGS_extping += $(if $(EXTPING_ABI),-DEXTPING_ABI=$(EXTPING_ABI))
