# -*- coding: utf-8 -*-


def main(ctx):
    """ Upgrade songs of 10.1.1 """
