# -*- coding: utf-8 -*-
from . import test_main_company
