// libedit: the line editor, history and the readline-compatible completion interface.
#include <stdio.h>
#include <histedit.h>
