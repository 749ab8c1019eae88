/* ref_table.c - the reference kernel table: every slot filled. */
#include "kernel_table.h"

const fastla_kernel_table fastla_ref_table = {
#define FASTLA_REF_SLOT(type, name) .name = fastla_##name##_ref,
    FASTLA_KERNEL_SLOTS(FASTLA_REF_SLOT)
#undef FASTLA_REF_SLOT
};

const fastla_kernel_names fastla_ref_names = {
#define FASTLA_REF_NAME(type, name) .name = "fastla_" #name "_ref",
    FASTLA_KERNEL_SLOTS(FASTLA_REF_NAME)
#undef FASTLA_REF_NAME
};
